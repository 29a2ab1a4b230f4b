#include <vector>
using namespace std;

vector<vector<int>> transpose(const vector<vector<int>> &matrix) {
    size_t rows = matrix.size(), cols = matrix[0].size();
    vector<vector<int>> t(cols, vector<int>(rows));
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++) t[j][i] = matrix[i][j];
    return t;
}
