#pragma once
// Running the user's editor on a private temporary copy of a file.
#include <string>

namespace deals {

struct EditedCopy {
  std::string path;   // the temporary file (kept until discard())
  std::string bytes;  // its contents after the editor exited
};

/// Which editor, and where its temporary copy goes: the caller reads them from the
/// environment ($VISUAL, else $EDITOR, else vi; $TMPDIR, else /tmp).
struct EditorSettings {
  std::string command = "vi";
  std::string tmpdir = "/tmp";
};

/// Writes `bytes` to a new private (0600) temporary file named after `id` in
/// `settings.tmpdir`, runs `settings.command` on it and reads it back. The editor command
/// is interpreted like git does (`sh -c '$EDITOR "$1"'`), so it may carry arguments,
/// while the path is passed as an argument and never spliced into shell text. Throws
/// Error when the editor cannot run or exits non-zero.
EditedCopy edit_copy(const std::string& id, const std::string& bytes,
                     const EditorSettings& settings);

/// Removes the temporary copy.
void discard(const EditedCopy& copy);

}  // namespace deals
