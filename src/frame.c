/* frame.c: placeholder until implemented. */
#include <config.h>
#include "chat.h"
typedef int framePlaceholder;
