// SPDX-License-Identifier: GPL-3.0-or-later
// main() for the fuzz targets' corpus replays in the asan build (ctest's FuzzReplay.* tests):
// what `libFuzzer -runs=0 CORPUS` does in the fuzz preset, without a clang build. No library
// fits: g++ has no libFuzzer (-fsanitize=fuzzer is clang's), and LLVM's standalone driver
// (compiler-rt's StandaloneFuzzTargetMain.c) is not in Debian's packages. This is that driver:
// each file named, and each regular file under each directory named (sorted), is passed to
// LLVMFuzzerTestOneInput once, after LLVMFuzzerInitialize if the target defines one. A crash or a
// broken invariant (fuzz::broken() aborts) ends the process with the sanitizers' report.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
// Weak: a target without LLVMFuzzerInitialize (TokenFormatFuzz.cpp) leaves it null.
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

int main(int argc, char** argv)
{
    namespace fs = std::filesystem;
    std::vector<fs::path> inputs; // absolute: the CLI target changes into its own directory
    for (int i = 1; i < argc; ++i) {
        if (!fs::is_directory(argv[i]))
            inputs.push_back(fs::absolute(argv[i]));
        else
            for (const fs::directory_entry& entry : fs::recursive_directory_iterator(argv[i]))
                if (entry.is_regular_file())
                    inputs.push_back(fs::absolute(entry.path()));
    }
    std::sort(inputs.begin(), inputs.end());
    if (inputs.empty()) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
        return 2;
    }
    if (LLVMFuzzerInitialize != nullptr)
        LLVMFuzzerInitialize(&argc, &argv);
    for (const fs::path& path : inputs) {
        std::ifstream file(path, std::ios::binary);
        const std::string bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
        if (!file.is_open() || file.bad()) {
            std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
            return 1;
        }
        std::fprintf(stderr, "replay: %s (%zu bytes)\n", path.c_str(), bytes.size());
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    }
    std::fprintf(stderr, "replay: %zu inputs, no failure\n", inputs.size());
    return 0;
}
