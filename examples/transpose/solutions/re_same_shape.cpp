// Runtime error on non-square matrices: the result has the input's shape, and .at() checks.
#include <vector>
using namespace std;

vector<vector<int>> transpose(vector<vector<int>> matrix) {
    vector<vector<int>> t = matrix;
    for (size_t i = 0; i < matrix.size(); i++)
        for (size_t j = 0; j < matrix[0].size(); j++) t.at(j).at(i) = matrix[i][j];
    return t;
}
