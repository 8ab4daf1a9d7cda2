#include "common/cli/step_main.h"
#include "steps/cleanup/cleanup.h"

int main(int argc, char** argv) {
  return bakery::cli::RunStepMain(bakery::cleanup::CleanupStep(), argc, argv);
}
