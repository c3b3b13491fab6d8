// `lincao-bench load`: parses the options, runs setup, build, the
// verification-bound measurement, the timed run and the checks, and prints
// the report (tools/bench/main.cc dispatches to it).
#pragma once

namespace lincao::bench::load {

// Runs `lincao-bench load ...`; argv[0] is "load". Returns the exit code:
// 0 every check passed, 1 a check failed, 2 a bad command line or setup.
int RunLoadCommand(int argc, char** argv);

}  // namespace lincao::bench::load
