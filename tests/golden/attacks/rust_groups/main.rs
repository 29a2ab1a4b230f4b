// One program per language for the attack groups that apply to every language; the first word
// of stdin picks the attack, the rest are its arguments (see case.json).
use std::io::{BufRead, Write};

fn main() {
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines().map(|l| l.unwrap());
    let command = lines.next().unwrap_or_default();
    match command.as_str() {
        "exit" => {
            println!("exiting with 3");
            std::process::exit(3);
        }
        "loop" => {
            let mut x: u64 = 0;
            loop {
                x = unsafe { std::ptr::read_volatile(&x) } + 1;
            }
        }
        "alloc" => {
            let mut keep: Vec<Vec<u8>> = Vec::new();
            loop {
                keep.push(vec![7u8; 1 << 20]);
            }
        }
        "flood" => {
            let out = std::io::stdout();
            let mut w = std::io::BufWriter::new(out.lock());
            loop {
                let _ = w.write_all(b"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\n");
            }
        }
        "fork" => loop {
            let _ = std::process::Command::new("/sub/main").spawn();
            let _ = std::process::Command::new("/bin/sh").args(["-c", "f() { f | f & }; f"]).spawn();
        },
        "net" => {
            let mut reached = 0;
            for line in lines {
                let addr = line.replace(' ', ":");
                match addr.parse::<std::net::SocketAddr>().map(|a| {
                    std::net::TcpStream::connect_timeout(&a, std::time::Duration::from_secs(1))
                }) {
                    Ok(Ok(_)) => {
                        reached += 1;
                        println!("CONNECTED {}", addr)
                    }
                    _ => println!("blocked {}", addr),
                }
            }
            println!("reached {}", reached);
        }
        "write" => {
            for p in ["/uw-pwned", "/etc/uw-pwned", "/usr/bin/uw-pwned", "/sub/uw-pwned",
                      "/judge/uw-pwned", "/sub/main"] {
                match std::fs::OpenOptions::new().write(true).create(true).open(p) {
                    Ok(_) => println!("ALLOWED {}", p),
                    Err(_) => println!("denied {}", p),
                }
            }
            std::fs::write("/box/ok", "scratch is writable").unwrap();
            println!("{}", std::fs::read_to_string("/box/ok").unwrap());
        }
        _ => println!("unknown command"),
    }
}
