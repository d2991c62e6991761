use a0lint::estate::Estate;
use a0lint::export::LoadOptions;
use a0lint::manifest::PendingManifest;
use a0lint::rules::engine::{self, Selection};
use a0lint::rules::model::EstateModel;
use rayon::prelude::*;
use std::time::Instant;
fn main() {
    let p = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    a0lint::schema::init().unwrap();
    for _ in 0..3 {
    let t = Instant::now();
    let estate = Estate::load(&[p.clone()], &LoadOptions::default());
    let load = t.elapsed();
    let t = Instant::now();
    let n: usize = estate.tenants.par_iter().map(|t| a0lint::schema::validate_tenant(t).len()).sum();
    let validate = t.elapsed();
    let (m, _) = PendingManifest::read(&p.join("a0lint.toml")).unwrap().register(&estate.sources, std::path::Path::new("."));
    let model = EstateModel::build(&estate, m.as_ref());
    let t = Instant::now();
    let arch = engine::run(&model, &Selection::new(m.as_ref(), &["naming".into(),"sdlc".into(),"isolation".into(),"association".into(),"custom-domain".into(),"provisioning".into()], &[])).len();
    let archt = t.elapsed();
    let t = Instant::now();
    let all = engine::run(&model, &Selection::new(m.as_ref(), &[], &[])).len();
    let allt = t.elapsed();
    println!("load {:?} validate {:?} ({n}) arch rules {:?} ({arch}) all rules {:?} ({all})", load, validate, archt, allt);
    }
}
