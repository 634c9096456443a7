//! How the storage module has its repository trait forwarded through
//! `Box<R>` and the error-mapping wrapper: the workspace's attribute on the
//! trait, or a call of its `macro_rules!` macro after the trait with every
//! method's signature, as matrix-authentication-service's
//! `repository_impl!(Trait: async fn m(&mut self, a: A) -> Result<T, Self::Error>; …);`
//! takes them.
//!
//! rustfmt leaves a macro call it cannot parse as it is, so the call's
//! signatures are formatted apart, as the items of a trait body (their
//! indentation in the call too), and put into the call afterwards: the
//! call's layout is rustfmt's, under the workspace's own `rustfmt.toml`.

use crate::render::{methods::Method, runtime_names::ForwardingName};

/// The region that holds the macro call, which `codegen sync` rewrites with
/// the trait's methods.
const REGION: &str = "forwarding";

/// What the storage template writes for the trait's forwarding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraitForwarding {
    /// The attribute's line above the trait, or nothing.
    attribute: String,
    /// The macro call after the trait, or none.
    call: Option<MacroCall>,
}

/// A call of the forwarding macro, before and after rustfmt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacroCall {
    /// The macro's name: `repository_impl`.
    name: String,
    /// The trait's name.
    trait_name: String,
    /// Each method's signature and `;` on a line of its own, indented for
    /// a trait body: what rustfmt formats.
    signatures: String,
}

impl TraitForwarding {
    /// The forwarding of the trait `trait_name`, whose methods are
    /// `methods`, by `forwarding`.
    #[must_use]
    pub fn new(forwarding: &ForwardingName, trait_name: &str, methods: &[Method]) -> Self {
        match forwarding {
            ForwardingName::Attribute(name) => Self {
                attribute: format!("#[{name}]\n"),
                call: None,
            },
            ForwardingName::Macro(name) => Self {
                attribute: String::new(),
                call: Some(MacroCall {
                    name: name.clone(),
                    trait_name: trait_name.to_owned(),
                    signatures: methods
                        .iter()
                        .map(|method| format!("    {};\n", method.signature()))
                        .collect(),
                }),
            },
        }
    }

    /// The attribute and its newline, above the trait's other attributes;
    /// empty when a macro forwards it.
    #[must_use]
    pub fn attribute(&self) -> &str {
        &self.attribute
    }

    /// What follows the trait's closing brace: a blank line and the macro
    /// call in its region, unformatted; empty when an attribute forwards
    /// the trait.
    #[must_use]
    pub fn after_trait(&self) -> String {
        self.call
            .as_ref()
            .map(|call| format!("\n\n{}", call.region(&call.signatures)))
            .unwrap_or_default()
    }

    /// The macro call, if any.
    #[must_use]
    pub fn call(&self) -> Option<&MacroCall> {
        self.call.as_ref()
    }
}

impl MacroCall {
    /// The signatures as rustfmt is to format them, as a trait body's items.
    #[must_use]
    pub fn signatures(&self) -> &str {
        &self.signatures
    }

    /// `module`, the formatted storage module holding this call as
    /// [`TraitForwarding::after_trait`] wrote it, with `formatted`, the
    /// signatures as rustfmt formatted them, in the call instead; `None`
    /// if the module does not hold the call.
    #[must_use]
    pub fn formatted_in(&self, module: &str, formatted: &str) -> Option<String> {
        let unformatted = self.region(&self.signatures);
        module
            .contains(&unformatted)
            .then(|| module.replacen(&unformatted, &self.region(formatted), 1))
    }

    /// The call with `signatures` in it, between its region's markers.
    fn region(&self, signatures: &str) -> String {
        format!(
            "// codegen:begin {REGION}\n{}!({}:\n{signatures});\n// codegen:end {REGION}\n",
            self.name, self.trait_name
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Parameter;

    /// The forwarding of a trait whose one method is `lookup`.
    fn tag_repository(by: ForwardingName) -> TraitForwarding {
        TraitForwarding::new(&by, "TagRepository", &[lookup()])
    }

    fn lookup() -> Method {
        Method {
            name: "lookup".to_owned(),
            summary: String::new(),
            parameters: vec![Parameter {
                name: "id".to_owned(),
                ty: "Ulid".to_owned(),
                doc: String::new(),
            }],
            output: "Option<Tag>".to_owned(),
            errors: String::new(),
        }
    }

    #[test]
    fn an_attribute_is_written_above_the_trait_and_nothing_after_it() {
        let forwarding = tag_repository(ForwardingName::Attribute("repository".to_owned()));
        assert_eq!(forwarding.attribute(), "#[repository]\n");
        assert_eq!(forwarding.after_trait(), "");
        assert!(forwarding.call().is_none());
    }

    #[test]
    fn a_macro_is_called_after_the_trait_with_every_signature_in_its_region() {
        let forwarding = tag_repository(ForwardingName::Macro("repository_impl".to_owned()));
        assert_eq!(forwarding.attribute(), "");
        let after = forwarding.after_trait();
        assert_eq!(
            after,
            "\n\n// codegen:begin forwarding\nrepository_impl!(TagRepository:\n    async fn \
             lookup(&mut self, id: Ulid) -> Result<Option<Tag>, Self::Error>;\n);\n\
             // codegen:end forwarding\n"
        );
        let call = forwarding.call().unwrap();
        let module = format!("trait TagRepository {{}}{after}");
        let formatted = call
            .formatted_in(
                &module,
                "    async fn lookup(\n        &mut self,\n    );\n",
            )
            .unwrap();
        assert!(
            formatted.ends_with(
                "repository_impl!(TagRepository:\n    async fn lookup(\n        &mut self,\n    \
                 );\n);\n// codegen:end forwarding\n"
            ),
            "{formatted}"
        );
        assert_eq!(call.formatted_in("trait TagRepository {}\n", ""), None);
    }
}
