/* view.c: what the pane shows: timestamps (M-t).
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Entries keep everything they were made with; hiding a part of them is
 * a matter of how entry.c measures and ui.c draws them, so that a key
 * brings it all back at once.
 */
#include <config.h>

#include <readline/readline.h>

#include "tui.h"

static int toggleStamps(int count, int key)
{
	entryStampsToggle();
	uiDirtyScroll();
	return 0;
}

void viewInit(void)
{
	rl_bind_keyseq("\\et", toggleStamps);
}
