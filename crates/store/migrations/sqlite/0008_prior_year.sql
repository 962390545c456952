-- Last year's figures a report prints beside this year's: budgetföljsamhet per drift row (per cent × 10⁴,
-- as reported last year). The net and the total compliance of last year are in econ_year.config_json.

ALTER TABLE econ_row ADD COLUMN prior_compliance BIGINT;
