# Wrong answer: this rotates the matrix a quarter turn (rows reversed first). It happens to be
# right for a single row or a 1x1 matrix, so it still earns some points.
def transpose(matrix):
    return [list(col) for col in zip(*matrix[::-1])]
