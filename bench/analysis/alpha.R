# The reference of analysis-100k: psych::alpha on the same responses, for the 7 Stappenmeter scales,
# listwise (rows with every item of the scale answered). Usage: Rscript alpha.R <items.csv> <scales.json-ish> <runs>
# The CSV has one column per item (NA = no answer or declared missing); reading it is outside the timing.
# Prints one line of JSON: the seconds of each timed run (all 7 scales), the cold run, and the alphas.
suppressPackageStartupMessages(library(psych))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
scales <- lapply(strsplit(strsplit(args[2], ";", fixed = TRUE)[[1]], ",", fixed = TRUE), function(x) x)
runs <- as.integer(args[3])
once <- function() {
  t0 <- proc.time()[["elapsed"]]
  alphas <- vapply(scales, function(items) {
    a <- psych::alpha(na.omit(d[, items]), check.keys = FALSE, warnings = FALSE)
    a$total$raw_alpha
  }, numeric(1))
  list(seconds = proc.time()[["elapsed"]] - t0, alphas = alphas)
}
cold <- once()
timed <- replicate(runs, once()$seconds)
cat(sprintf('{"coldSeconds":%.4f,"seconds":[%s],"alphas":[%s],"n":%d,"psych":"%s","r":"%s"}\n',
  cold$seconds, paste(sprintf("%.4f", timed), collapse = ","), paste(sprintf("%.6f", cold$alphas), collapse = ","),
  nrow(d), as.character(packageVersion("psych")), paste(R.version$major, R.version$minor, sep = ".")))
