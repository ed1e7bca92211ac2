#include "agentdup/b.h"
# include "cli.h"
