//! Embeds every template under `templates/` into the binary (minijinja-embed).

fn main() {
    minijinja_embed::embed_templates!("templates");
}
