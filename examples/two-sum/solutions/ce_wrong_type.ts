// Compile error: tsc --strict refuses to return a string where number[] is declared.
function two_sum(nums: number[], target: number): number[] {
  return `${nums.indexOf(target)}`;
}
