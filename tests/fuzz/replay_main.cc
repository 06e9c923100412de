// main() for a fuzz target built without libFuzzer: runs LLVMFuzzerTestOneInput once on
// each file named (or every file of each folder named), or on standard input. This is how
// a crashing input is replayed under gdb or valgrind, and how the regression inputs in
// tests/fuzz/regressions run in the ordinary test suite.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

void Run(std::istream& in) {
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    Run(std::cin);
    return 0;
  }
  int runs = 0;
  for (int i = 1; i < argc; ++i) {
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(argv[i])) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(argv[i])) {
        // Dot files (.keep holds an empty folder in git) are not inputs.
        if (e.is_regular_file() && e.path().filename().string()[0] != '.')
          files.push_back(e.path());
      }
    } else {
      files.emplace_back(argv[i]);
    }
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "%s: cannot read\n", f.c_str());
        return 1;
      }
      Run(in);
      ++runs;
    }
  }
  std::fprintf(stderr, "replayed %d input%s\n", runs, runs == 1 ? "" : "s");
  return 0;
}
