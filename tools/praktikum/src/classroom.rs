//! `praktikum dev classroom`: the GitHub Classroom autograding workflow for
//! the template repository an instructor hands out.
//!
//! One step per graded test (GitHub's `autograding-command-grader`, passing
//! on exit code 0), with the points from labs.toml, and the reporter that
//! sends the total to Classroom. The score is advisory: students can edit
//! the workflow and the tests in their own repository, so the grade of
//! record is `nilai --kelas` on the cloned repositories, which always uses
//! the pristine tests (see the instructors' appendix).

use crate::catalog::Catalog;
use std::fmt::Write;

/// Where the workflow goes in the template repository.
pub const WORKFLOW_PATH: &str = ".github/workflows/classroom.yml";

/// The command that runs one graded test of one lab.
pub fn test_command(package: &str, test: &str) -> String {
    format!("cargo test --package {package} --test uji -- --exact {test}")
}

/// The workflow file's text.
pub fn workflow(catalog: &Catalog) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "# Dibuat oleh `cargo praktikum dev classroom`; jangan disunting dengan tangan.\n\
         # Nilai di sini hanya saran: nilai resmi dari `cargo praktikum nilai --kelas`.\n\
         name: Autograding Tests\n\
         'on':\n- push\n- repository_dispatch\n\
         permissions:\n  checks: write\n  actions: read\n  contents: read\n\
         jobs:\n  run-autograding-tests:\n    runs-on: ubuntu-latest\n\
         \x20   if: github.actor != 'github-classroom[bot]'\n\
         \x20   steps:\n\
         \x20   - name: Checkout code\n      uses: actions/checkout@v4\n"
    );
    // Compile every lab's tests once, so each graded step only runs.
    for lab in &catalog.labs {
        let _ = write!(
            out,
            "    - name: Kompilasi {id}\n      run: cargo test --package {package} --test uji --no-run\n      continue-on-error: true\n",
            id = lab.id,
            package = lab.package
        );
    }
    let mut runners = Vec::new();
    for lab in &catalog.labs {
        for (i, test) in lab.tests.iter().enumerate() {
            let id = format!("{}-{}", lab.id, i + 1);
            let _ = write!(
                out,
                "    - name: {lab_id} {title}\n      id: {id}\n      uses: classroom-resources/autograding-command-grader@v1\n      with:\n        test-name: {lab_id} {name}\n        setup-command: ''\n        command: {command}\n        timeout: 10\n        max-score: {points}\n",
                lab_id = lab.id,
                title = yaml_plain(&test.title),
                name = test.name,
                command = test_command(&lab.package, &test.name),
                points = test.points,
            );
            runners.push(id);
        }
    }
    let _ = write!(
        out,
        "    - name: Autograding Reporter\n      uses: classroom-resources/autograding-grading-reporter@v1\n      env:\n"
    );
    for id in &runners {
        let _ = writeln!(
            out,
            "        {}_RESULTS: \"${{{{steps.{id}.outputs.result}}}}\"",
            id.to_uppercase()
        );
    }
    let _ = write!(out, "      with:\n        runners: {}\n", runners.join(","));
    out
}

/// A title as a YAML plain scalar: quoted, since titles hold `:` and `(`.
fn yaml_plain(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}
