// Accepted: the function may also be exported, CommonJS style.
function two_sum(nums, target) {
  const position = new Map(nums.map((x, k) => [x, k]));  // last position of each value
  for (let i = 0; i < nums.length; i++) {
    const j = position.get(target - nums[i]);
    if (j !== undefined && j > i) return [i, j];
  }
  return [];
}

module.exports = { two_sum };
