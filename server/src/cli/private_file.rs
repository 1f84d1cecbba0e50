//! Files the command line writes that hold readers' addresses or the server's keys (exports,
//! backups): created new, readable and writable by their owner only, whatever the umask.

use std::fs::{File, OpenOptions};
use std::path::Path;

/// Creates `path`, which must not exist, with mode 0600 (on Unix).
pub fn create(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn the_file_is_its_owners_alone_and_never_replaces_another() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("export.json");

        create(&path).expect("created");

        let mode = std::fs::metadata(&path)
            .expect("exists")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(create(&path).is_err(), "an existing file is kept");
    }
}
