/* tui.c: placeholder. */
#include <config.h>
#include "chat.h"
int main(int argc, char *argv[])
{
	utilInit(argv[0]);
	return 0;
}
