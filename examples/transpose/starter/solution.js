function transpose(matrix) {
  // return the array of the columns of `matrix`
  return [];
}
