/* Wrong on non-square matrices: the result keeps the input's shape (the sizes say so). */
#include <stdlib.h>

int **transpose(int **matrix, int matrixSize, int *matrixColSize, int *returnSize,
                int **returnColumnSizes) {
    int n = matrixSize;
    int **t = malloc(n * sizeof *t);
    *returnColumnSizes = malloc(n * sizeof **returnColumnSizes);
    for (int i = 0; i < n; i++) {
        t[i] = malloc(matrixColSize[i] * sizeof **t);
        (*returnColumnSizes)[i] = matrixColSize[i];
        for (int j = 0; j < matrixColSize[i]; j++)
            t[i][j] = j < n && i < matrixColSize[j] ? matrix[j][i] : 0;
    }
    *returnSize = n;
    return t;
}
