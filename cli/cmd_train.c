/* cmd_train.c: `haltung train` (in progress: not yet implemented). */
#include "cli/cmd.h"

int cmd_train(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("train is not implemented yet");
    return 1;
}
