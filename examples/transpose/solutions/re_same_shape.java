// Runtime error: the result gets the input's shape instead of the swapped one, so writing
// t[j][i] runs past the end of an array for any matrix that is not square.
public class Solution {
    public static int[][] transpose(int[][] matrix) {
        int rows = matrix.length, cols = matrix[0].length;
        int[][] t = new int[rows][cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                t[j][i] = matrix[i][j];
        return t;
    }
}
