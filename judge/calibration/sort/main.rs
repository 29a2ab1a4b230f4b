use std::io::Read;

fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let n: usize = s.trim().parse().unwrap();
    let mut a: Vec<i64> = Vec::with_capacity(n);
    let mut x: i64 = 1;
    for _ in 0..n {
        x = (x * 1103515245 + 12345) % 2147483648;
        a.push(x);
    }
    a.sort();
    let mut sum: i64 = 0;
    for (i, v) in a.iter().enumerate() {
        sum = (sum + (i as i64 + 1) * v) % 1000000007;
    }
    println!("{}", sum);
}
