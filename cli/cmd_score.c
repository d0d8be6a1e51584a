/* cmd_score.c: `haltung score` (in progress: not yet implemented). */
#include "cli/cmd.h"

int cmd_score(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("score is not implemented yet");
    return 1;
}
