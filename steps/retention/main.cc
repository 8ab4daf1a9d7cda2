#include "common/cli/step_main.h"
#include "steps/retention/retention.h"

int main(int argc, char** argv) {
  return bakery::cli::RunStepMain(bakery::retention::RetentionStep(), argc, argv);
}
