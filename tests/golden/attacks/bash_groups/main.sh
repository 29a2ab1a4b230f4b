# One program per language for the attack groups that apply to every language; the first word
# of stdin picks the attack, the rest are its arguments (see case.json).
read -r command
case "$command" in
exit)
  echo "exiting with 3"
  exit 3 ;;
loop)
  while :; do :; done ;;
alloc)
  keep=z
  while :; do keep="$keep$keep"; done ;;
flood)
  yes zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz ;;
fork)
  f() { f | f & }
  while :; do f; done ;;
net)
  reached=0
  while read -r host port; do
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
      reached=$((reached + 1)); echo "CONNECTED $host $port"
    else
      echo "blocked $host $port"
    fi
  done
  echo "reached $reached" ;;
write)
  for p in /uw-pwned /etc/uw-pwned /usr/bin/uw-pwned /sub/uw-pwned /judge/uw-pwned /sub/main.sh; do
    if (echo pwned >> "$p") 2>/dev/null; then echo "ALLOWED $p"; else echo "denied $p"; fi
  done
  echo "scratch is writable" > /box/ok
  cat /box/ok ;;
esac
