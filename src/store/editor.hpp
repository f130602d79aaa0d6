#pragma once
// Running the user's editor on a private temporary copy of a file.
#include <string>
#include <string_view>
#include <vector>

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

/// The argv that opens `path` in `editor` (the value of $VISUAL or $EDITOR).
///
/// Like git, an editor value made only of plain word characters (`vim`, `/usr/bin/nano`)
/// is run directly; anything else (`code --wait`, `emacsclient -a ""`, `~/bin/ed`) is run
/// as `sh -c '<editor> "$@"' <editor> <path>`, so the user's value gets shell word
/// splitting and quoting while `path` travels as a separate argument and is never spliced
/// into the command text. A value containing `/` that names an executable file as a
/// whole (`/opt/My Editor/ed`) is run directly, spaces and all. An empty `editor` means
/// `vi`.
std::vector<std::string> editor_argv(std::string_view editor, const std::string& path);

}  // namespace deals
