use std::collections::HashMap;

fn two_sum(nums: Vec<i32>, target: i32) -> Vec<i32> {
    let mut seen = HashMap::new(); // value -> position
    for (j, &x) in nums.iter().enumerate() {
        if let Some(&i) = seen.get(&(target - x)) {
            return vec![i as i32, j as i32];
        }
        seen.insert(x, j);
    }
    vec![]
}
