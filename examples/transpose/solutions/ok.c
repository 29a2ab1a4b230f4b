#include <stdlib.h>

int **transpose(int **matrix, int matrixSize, int *matrixColSize, int *returnSize,
                int **returnColumnSizes) {
    int rows = matrixSize, cols = matrixColSize[0];
    int **t = malloc(cols * sizeof *t);
    *returnColumnSizes = malloc(cols * sizeof **returnColumnSizes);
    for (int j = 0; j < cols; j++) {
        t[j] = malloc(rows * sizeof **t);
        (*returnColumnSizes)[j] = rows;
        for (int i = 0; i < rows; i++) t[j][i] = matrix[i][j];
    }
    *returnSize = cols;
    return t;
}
