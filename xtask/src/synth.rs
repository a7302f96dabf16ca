//! `synth`: writes a synthetic spec of N operations (`codegen::synth`) into a directory.

use std::path::Path;

/// Writes the synthetic spec into `out` (created if missing). Files of an earlier synthetic
/// spec that this one does not have are removed, so `out` holds exactly this spec.
pub fn write(operations: usize, out: &Path) -> Result<String, String> {
    if operations == 0 {
        return Err("error: --operations must be at least 1".to_owned());
    }
    std::fs::create_dir_all(out)
        .map_err(|e| format!("error: cannot create {}: {e}", out.display()))?;
    let files = codegen::synth::files(operations);
    let entries =
        std::fs::read_dir(out).map_err(|e| format!("error: cannot read {}: {e}", out.display()))?;
    let entries: Vec<_> = entries.flatten().collect();
    // Only spec files synth wrote are replaced or removed: never a real spec.
    for entry in &entries {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "yaml")
            && !std::fs::read_to_string(&path).is_ok_and(|t| t.contains(codegen::synth::MARKER))
        {
            return Err(format!(
                "error: {} holds spec files that synth did not write ({}); choose an empty or new directory",
                out.display(),
                path.display()
            ));
        }
    }
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.extension().is_some_and(|e| e == "yaml") && !files.iter().any(|(n, _)| *n == name) {
            std::fs::remove_file(&path)
                .map_err(|e| format!("error: removing {}: {e}", path.display()))?;
        }
    }
    let mut bytes = 0;
    for (name, text) in &files {
        let path = out.join(name);
        bytes += text.len();
        std::fs::write(&path, text)
            .map_err(|e| format!("error: writing {}: {e}", path.display()))?;
    }
    Ok(format!(
        "synth: wrote {operations} operations in {} service files ({} KiB) to {}",
        files.len() - 1,
        bytes / 1024,
        out.display()
    ))
}
