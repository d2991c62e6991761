use a0lint::estate::Estate;
use a0lint::export::LoadOptions;
use a0lint::manifest::PendingManifest;
use a0lint::rules::engine::{self, Selection};
use a0lint::rules::model::EstateModel;
use std::time::Instant;
fn main() {
    let p = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    a0lint::schema::init().unwrap();
    let estate = Estate::load(std::slice::from_ref(&p), &LoadOptions::default());
    let (m, _) = PendingManifest::read(&p.join("a0lint.toml"))
        .unwrap()
        .register(&estate.sources, std::path::Path::new("."));
    let model = EstateModel::build(&estate, m.as_ref());
    for (id, _) in a0lint::rules::checks::all() {
        let sel = Selection::new(m.as_ref(), &[id.to_string()], &[]);
        let t = Instant::now();
        let n = engine::run(&model, &sel).len();
        println!("{id:14} {:8.1} ms {n}", t.elapsed().as_secs_f64() * 1e3);
    }
}
