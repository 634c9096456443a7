//! The methods of an entity's repository trait, as data: the trait and each
//! forwarding implementation are rendered from this one list.

use crate::{
    model::Entity,
    render::{doc::wrap_doc, runtime_names::RuntimeNames},
};

/// A parameter of a repository method, after `&mut self`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: String,
    /// What it is, for the rustdoc.
    pub doc: String,
}

/// A method of a repository trait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Method {
    /// Its name.
    pub name: String,
    /// The rustdoc's first paragraph.
    pub summary: String,
    /// The parameters after `&mut self`.
    pub parameters: Vec<Parameter>,
    /// The success type inside `Result<_, Self::Error>`.
    pub output: String,
    /// The rustdoc's `# Errors` paragraph.
    pub errors: String,
}

impl Method {
    /// `async fn name(&mut self, a: A) -> Result<T, Self::Error>`.
    #[must_use]
    pub fn signature(&self) -> String {
        let parameters: String = self
            .parameters
            .iter()
            .map(|parameter| format!(", {}: {}", parameter.name, parameter.ty))
            .collect();
        format!(
            "async fn {}(&mut self{parameters}) -> Result<{}, Self::Error>",
            self.name, self.output
        )
    }

    /// The summary, wrapped for rustdoc.
    #[must_use]
    pub fn summary_lines(&self) -> Vec<String> {
        wrap_doc(&self.summary)
    }

    /// The `# Errors` paragraph, wrapped for rustdoc.
    #[must_use]
    pub fn errors_lines(&self) -> Vec<String> {
        wrap_doc(&self.errors)
    }

    /// The arguments of a forwarding call: `a, b`.
    #[must_use]
    pub fn arguments(&self) -> String {
        self.parameters
            .iter()
            .map(|parameter| parameter.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn parameter(name: &str, ty: impl Into<String>, doc: impl Into<String>) -> Parameter {
    Parameter {
        name: name.to_owned(),
        ty: ty.into(),
        doc: doc.into(),
    }
}

/// The methods of `entity`'s repository, in trait order.
#[must_use]
pub fn repository_methods(entity: &Entity, names: &RuntimeNames) -> Vec<Method> {
    let name = &entity.name;
    let human = entity.human();
    let plural = entity.human_plural();
    let module = &entity.module;
    let filter = entity.filter_type();
    let backend = "Returns [`Self::Error`] if the backend fails";

    let mut methods = vec![Method {
        name: "add".to_owned(),
        summary: format!("Add a {human}."),
        parameters: vec![
            parameter(
                "rng",
                format!("&mut (dyn {} + Send)", names.rng),
                "randomness for the new id.",
            ),
            parameter(
                "clock",
                format!("&dyn {}", names.clock),
                "the time of creation, and of the new id.",
            ),
            parameter(
                "params",
                entity.params_type(),
                format!("the new {human}'s fields."),
            ),
        ],
        output: name.clone(),
        errors: format!("{backend}, including when a unique value is already taken."),
    }];
    methods.push(Method {
        name: "lookup".to_owned(),
        summary: format!("Look up a {human} by id."),
        parameters: vec![parameter("id", "Ulid", format!("the id of the {human}."))],
        output: format!("Option<{name}>"),
        errors: format!("{backend}; a missing {human} is `Ok(None)`."),
    });
    for field in entity.unique_fields() {
        let field_name = field.rust_name();
        methods.push(Method {
            name: field.find_by_method(),
            summary: format!("Find the {human} whose `{field_name}` is `{field_name}`."),
            parameters: vec![parameter(
                &field_name,
                field.argument_type(),
                "the value to look for.",
            )],
            output: format!("Option<{name}>"),
            errors: format!("{backend}; no match is `Ok(None)`."),
        });
    }
    methods.extend([
        Method {
            name: "list".to_owned(),
            summary: format!(
                "List the {plural} that match `filter`, one page at a time, by ascending id."
            ),
            parameters: vec![
                parameter(
                    "filter",
                    filter.clone(),
                    format!("which {plural} to include."),
                ),
                parameter(
                    "pagination",
                    names.pagination.clone(),
                    "which page to return.",
                ),
            ],
            output: format!("{}<{name}>", names.page),
            errors: format!("{backend}."),
        },
        Method {
            name: "count".to_owned(),
            summary: format!("Count the {plural} that match `filter`."),
            parameters: vec![parameter(
                "filter",
                filter,
                format!("which {plural} to count."),
            )],
            output: "usize".to_owned(),
            errors: format!("{backend}."),
        },
        Method {
            name: "update".to_owned(),
            summary: format!(
                "Replace every field of a stored {human} but its id and creation time with \
                 those of `{module}`."
            ),
            parameters: vec![parameter(
                module,
                name.clone(),
                format!("the {human}, with its new field values."),
            )],
            output: name.clone(),
            errors: format!(
                "{backend}, if no {human} has this id, or if a unique value is already taken."
            ),
        },
        Method {
            name: "remove".to_owned(),
            summary: format!("Remove a {human}."),
            parameters: vec![parameter(
                module,
                name.clone(),
                format!("the {human} to remove."),
            )],
            output: "()".to_owned(),
            errors: format!("{backend} or if no {human} has this id."),
        },
    ]);
    methods
}
