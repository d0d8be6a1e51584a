/* cmd_eval.c: `haltung eval` (in progress: not yet implemented). */
#include "cli/cmd.h"

int cmd_eval(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("eval is not implemented yet");
    return 1;
}
