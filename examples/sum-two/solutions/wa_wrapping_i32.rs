// Wrong: an i32 sum wraps around beyond 2^31 - 1 (no overflow check in an optimised build).
use std::io::Read;

fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let v: Vec<i64> = s.split_whitespace().map(|t| t.parse().unwrap()).collect();
    println!("{}", (v[0] as i32).wrapping_add(v[1] as i32));
}
