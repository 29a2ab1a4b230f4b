// Time limit exceeded: the inner loop never advances j, so it spins forever as soon as the
// first candidate partner does not match.
function two_sum(nums, target) {
  for (let i = 0; i < nums.length; i++) {
    let j = i + 1;
    while (j < nums.length) {
      if (nums[i] + nums[j] === target) return [i, j];
    }
  }
  return [];
}
