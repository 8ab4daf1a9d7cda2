#include "common/cli/step_main.h"
#include "steps/promote/promote.h"

int main(int argc, char** argv) {
  return bakery::cli::RunStepMain(bakery::promote::PromoteStep(), argc, argv);
}
