"""Training: a scenario's objectives and the debrief that scores a trainee against them."""
