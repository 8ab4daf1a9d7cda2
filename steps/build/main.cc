#include "common/cli/step_main.h"
#include "steps/build/build.h"

int main(int argc, char** argv) {
  return bakery::cli::RunStepMain(bakery::build_step::BuildStep(), argc, argv);
}
