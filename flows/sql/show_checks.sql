-- The consistency checks of one report, in the published order (ok NULL: an input was not read).
SELECT check_id, lhs, rhs, ok, missing FROM checks WHERE report_id = $report_id;
