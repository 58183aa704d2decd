"""The ground floor: helpers every app uses and that import no app of ours (rendering a page,
mail rendering, form pieces, errors)."""
