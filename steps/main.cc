// `bakery STEP ...` runs bakery-STEP from the same directory, like git.
#include "common/cli/dispatch.h"

int main(int argc, char** argv) { return bakery::cli::Dispatch(argc, argv); }
