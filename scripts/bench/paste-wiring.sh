# Sourced by the benchmark scripts: write the RepositoryAccess wiring that the
# build scripts of a built workspace produced into another copy's source, and
# remove that copy's build scripts, as a workspace that keeps its wiring
# inline would have it.
#
#     paste_wiring <target dir that built the wiring> <workspace to change>
paste_wiring() {
    local target=$1 workspace=$2 crate package out file
    for crate in core pg; do
        package=storage
        [[ $crate == pg ]] && package=storage-pg
        out=$(ls -d "$target"/debug/build/"$package"-*/out | head -n 1)
        file=$workspace/storage/$crate/src/repository.rs
        grep -v 'include!(concat!(env!("OUT_DIR")' "$file" > "$file.new"
        cat "$out/repository_access.rs" >> "$file.new"
        mv "$file.new" "$file"
        rm "$workspace/storage/$crate/build.rs"
        sed -i '/^\[build-dependencies\]/,/^$/d' "$workspace/storage/$crate/Cargo.toml"
    done
}
