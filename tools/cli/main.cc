// lincao: the registry's command-line client. See app.h and docs/cli.md.
#include <iostream>

#include "tools/cli/app.h"

int main(int argc, char** argv) { return lincao::cli::Main(argc, argv, std::cout, std::cerr); }
