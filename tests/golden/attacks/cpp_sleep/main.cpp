#include <chrono>
#include <iostream>
#include <thread>
int main() {
    std::cout << "sleeping" << std::endl;
    std::this_thread::sleep_for(std::chrono::hours(1));
    std::cout << "WOKE" << std::endl;
}
