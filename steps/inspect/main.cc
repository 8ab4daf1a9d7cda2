#include "common/cli/step_main.h"
#include "steps/inspect/inspect.h"

int main(int argc, char** argv) {
  return bakery::cli::RunStepMain(bakery::inspect::InspectStep(), argc, argv);
}
