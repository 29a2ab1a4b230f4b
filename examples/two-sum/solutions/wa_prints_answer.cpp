// Wrong: prints the answer instead of returning it (what it prints goes to stderr).
#include <bits/stdc++.h>
using namespace std;

vector<int> two_sum(vector<int> nums, int target) {
    for (int i = 0; i < (int)nums.size(); i++)
        for (int j = i + 1; j < (int)nums.size(); j++)
            if (nums[i] + nums[j] == target) cout << "[" << i << "," << j << "]" << endl;
    return {};
}
