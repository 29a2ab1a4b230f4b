use std::io::{Read, Write};

fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let mut it = s.split_ascii_whitespace();
    let n: usize = it.next().unwrap().parse().unwrap();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut total: i64 = 0;
    for _ in 0..n {
        total += it.next().unwrap().parse::<i64>().unwrap();
        writeln!(out, "{}", total).unwrap();
    }
}
