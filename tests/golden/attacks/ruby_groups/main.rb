# One program per language for the attack groups that apply to every language; the first word
# of stdin picks the attack, the rest are its arguments (see case.json).
require "socket"

lines = $stdin.read.split("\n")
case lines.shift
when "exit"
  puts "exiting with 3"
  exit 3
when "loop"
  x = 0
  x += 1 while true
when "alloc"
  keep = []
  loop { keep << ("z" * (1 << 20)) }
when "flood"
  line = "z" * 60 + "\n"
  loop { $stdout.write(line) }
when "fork"
  loop do
    begin
      fork { sleep }
    rescue StandardError, NotImplementedError
      # keep trying
    end
  end
when "net"
  reached = 0
  lines.each do |line|
    host, port = line.split
    begin
      Socket.tcp(host, port.to_i, connect_timeout: 1).close
      reached += 1
      puts "CONNECTED #{host} #{port}"
    rescue StandardError => e
      puts "blocked #{host} #{port} #{e.class}"
    end
  end
  puts "reached #{reached}"
when "write"
  %w[/uw-pwned /etc/uw-pwned /usr/bin/uw-pwned /sub/uw-pwned /judge/uw-pwned /sub/main.rb].each do |p|
    begin
      File.open(p, "a") { |f| f.write("pwned") }
      puts "ALLOWED #{p}"
    rescue StandardError
      puts "denied #{p}"
    end
  end
  File.write("/box/ok", "scratch is writable")
  puts File.read("/box/ok")
end
