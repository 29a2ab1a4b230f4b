// Wrong: splitting on one space makes an empty "word" of every extra space or empty line.
use std::collections::HashMap;
use std::io::{Read, Write};

fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for line in s.trim_end_matches('\n').split('\n') {
        for w in line.split(' ') {
            *counts.entry(w).or_insert(0) += 1;
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (w, c) in counts {
        writeln!(out, "{} {}", w, c).unwrap();
    }
}
