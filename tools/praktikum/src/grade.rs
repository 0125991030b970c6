//! Scores: per lab and in total, for one student or a whole class, as text,
//! JSON or CSV.

use crate::catalog::Catalog;
use clap::ValueEnum;
use serde::Serialize;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Teks,
    Json,
    Csv,
}

/// One student's scores.
#[derive(Debug, Serialize)]
pub struct Row {
    /// The student (the checkout's folder name), empty for one's own repository.
    pub student: String,
    /// Points per lab, in catalog order.
    pub labs: Vec<LabScore>,
    pub total: u32,
    pub max_total: u32,
    /// Why points were lost beyond failing tests (does not compile, time limit...).
    pub notes: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct LabScore {
    pub lab: String,
    pub points: u32,
    pub max_points: u32,
    pub passed_tests: Vec<String>,
}

impl Row {
    pub fn new(student: &str, labs: Vec<LabScore>, notes: Vec<String>) -> Row {
        Row {
            student: student.to_string(),
            total: labs.iter().map(|l| l.points).sum(),
            max_total: labs.iter().map(|l| l.max_points).sum(),
            labs,
            notes,
        }
    }
}

/// Renders rows in the chosen format.
pub fn render(catalog: &Catalog, rows: &[Row], format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(rows).unwrap_or_default() + "\n",
        Format::Csv => csv(catalog, rows),
        Format::Teks => text(rows),
    }
}

fn csv(catalog: &Catalog, rows: &[Row]) -> String {
    let mut out = String::from("mahasiswa");
    for lab in &catalog.labs {
        out.push(',');
        out.push_str(&lab.id);
    }
    out.push_str(",total,maksimum,catatan\n");
    for row in rows {
        out.push_str(&csv_field(&row.student));
        for score in &row.labs {
            out.push_str(&format!(",{}", score.points));
        }
        out.push_str(&format!(
            ",{},{},{}\n",
            row.total,
            row.max_total,
            csv_field(&row.notes.join("; "))
        ));
    }
    out
}

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn text(rows: &[Row]) -> String {
    let mut out = String::new();
    for row in rows {
        if !row.student.is_empty() {
            out.push_str(&format!("{}\n", row.student));
        }
        for score in &row.labs {
            out.push_str(&format!(
                "  {:<8} {:>3} / {:<3} poin\n",
                score.lab, score.points, score.max_points
            ));
        }
        out.push_str(&format!("  {:<8} {:>3} / {:<3} poin\n", "Total", row.total, row.max_total));
        for note in &row.notes {
            out.push_str(&format!("  catatan: {note}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_with_commas_and_quotes_are_quoted() {
        assert_eq!(csv_field("biasa"), "biasa");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("kata \"x\""), "\"kata \"\"x\"\"\"");
    }
}
