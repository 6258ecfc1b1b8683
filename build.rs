//! Rebuilds when a migration is added or changed: `embed_migrations!` reads the folders at
//! compile time, and a new folder is not a file cargo already watches.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
