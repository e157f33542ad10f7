//! Issue 18, item 4: no configured secret leaves the process, in its logs
//! (debug level), its error answers or its journal.

mod debug_run;
